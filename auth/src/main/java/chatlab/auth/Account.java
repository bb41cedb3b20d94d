package chatlab.auth;

import java.time.Instant;

/** A stored account: its verifier, whether an operator locked it, and when it was made and last changed. */
public record Account(String name, Verifier verifier, boolean locked, Instant created, Instant updated) {}
