package chatlab.check.net;

import java.util.Optional;

/**
 * A place a program runs: a lab host (its name, address and network namespace) or, on the loopback, an address of
 * its own.
 *
 * @param host      the lab host's name (webserver, client1, ...), also the host name the program sees
 * @param address   its IPv4 address
 * @param namespace its network namespace; empty on the loopback
 */
public record LabSlot(String host, String address, Optional<String> namespace) {}
