package chatlab.protocol.lab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a lab-wire client makes of the server's byte stream. */
public sealed interface LabServerEvent {
    /** {@code !} followed by the user map: the complete set of users, in registration order. */
    record UserMap(Map<String, String> users) implements LabServerEvent {
        public UserMap {
            users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        }
    }

    /** Any other text: one relayed message ({@code NAME: TEXT }), or several the network delivered together. */
    record Text(String text) implements LabServerEvent {}
}
