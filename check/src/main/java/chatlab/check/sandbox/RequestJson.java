package chatlab.check.sandbox;

import chatlab.check.CheckRequest;
import chatlab.check.CheckTimeouts;
import chatlab.check.Network;
import chatlab.check.Target;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A request written for the check's JVM inside the lab's network, and read there, with the namespace prefix. */
final class RequestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestJson() {}

    static String write(CheckRequest r, String namespacePrefix) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("namespace_prefix", namespacePrefix);
        root.put("target", r.target().word());
        ArrayNode command = root.putArray("command");
        r.command().forEach(command::add);
        root.put("host", r.host());
        root.put("port", r.port());
        root.put("udp_port", r.udpPort());
        ObjectNode t = root.putObject("timeouts_ms");
        CheckTimeouts timeouts = r.timeouts();
        t.put("step", timeouts.step().toMillis());
        t.put("server_start", timeouts.serverStart().toMillis());
        t.put("scenario", timeouts.scenario().toMillis());
        t.put("run", timeouts.run().toMillis());
        t.put("stop_grace", timeouts.stopGrace().toMillis());
        t.put("stall", timeouts.stall().toMillis());
        ArrayNode only = root.putArray("only");
        r.only().forEach(only::add);
        ArrayNode skip = root.putArray("skip");
        r.skip().forEach(skip::add);
        r.reportDir().ifPresent(d -> root.put("report", d.toAbsolutePath().toString()));
        root.put("prefix", r.prefix());
        root.put("python", r.python());
        root.put("password", r.password());
        root.put("copies", r.copies());
        return root.toString();
    }

    record Read(CheckRequest request, String namespacePrefix) {}

    static Read read(String json) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(json);
        List<String> command = new ArrayList<>();
        root.path("command").forEach(w -> command.add(w.asText()));
        JsonNode t = root.path("timeouts_ms");
        CheckTimeouts timeouts = new CheckTimeouts(ms(t, "step"), ms(t, "server_start"), ms(t, "scenario"),
                ms(t, "run"), ms(t, "stop_grace"), ms(t, "stall"));
        CheckRequest request = new CheckRequest(Target.parse(root.path("target").asText()), command,
                Network.NAMESPACES, root.path("host").asText(), root.path("port").asInt(), root.path("udp_port").asInt(),
                timeouts, strings(root.path("only")), strings(root.path("skip")),
                root.has("report") ? Optional.of(Path.of(root.path("report").asText())) : Optional.empty(),
                root.path("prefix").asText(), root.path("python").asText(), root.path("password").asText(),
                root.path("copies").asInt());
        return new Read(request, root.path("namespace_prefix").asText());
    }

    private static Duration ms(JsonNode t, String field) {
        return Duration.ofMillis(t.path(field).asLong());
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
