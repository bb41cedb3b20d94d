package chatlab.check.report;

import chatlab.check.CheckOutcome;
import chatlab.check.Evidence;
import chatlab.check.Network;
import chatlab.check.Requirement;
import chatlab.check.RuleInfo;
import chatlab.check.RuleResult;
import chatlab.check.Status;
import chatlab.check.Target;
import chatlab.check.Verdict;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome as JSON, for autograders ({@code --json}, {@code result.json}) and for the sandbox, which reads back
 * what the check inside the lab's network found. Field names are stable; docs/CHECK.md describes them.
 */
public final class OutcomeJson {
    /** Raised when this version changes a field's meaning. */
    public static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OutcomeJson() {}

    public static String write(CheckOutcome outcome) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("target", outcome.target().word());
        root.put("command", outcome.command());
        root.put("network", outcome.network().word());
        root.put("passed", outcome.passed());
        ObjectNode counts = root.putObject("counts");
        for (Requirement requirement : Requirement.values()) {
            ObjectNode c = counts.putObject(requirement.word());
            for (Status status : Status.values()) {
                c.put(status.word(), outcome.count(status, requirement));
            }
        }
        ArrayNode failed = root.putArray("failed");
        outcome.results().stream().filter(r -> r.status() == Status.FAIL).forEach(r -> failed.add(r.rule().id()));
        root.put("elapsed_ms", outcome.elapsedMillis());
        ArrayNode rules = root.putArray("rules");
        for (RuleResult r : outcome.results()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", r.rule().id());
            rule.put("requirement", r.rule().requirement().word());
            rule.put("status", r.status().word());
            rule.put("title", r.rule().title());
            rule.put("scenario", r.scenario());
            rule.put("expected", r.verdict().expected());
            rule.put("seen", r.verdict().seen());
            ArrayNode evidence = rule.putArray("evidence");
            for (Evidence e : r.verdict().evidence()) {
                ObjectNode item = evidence.addObject();
                item.put("text", e.text());
                e.frame().ifPresent(f -> item.put("frame", f));
            }
            ObjectNode lab = rule.putObject("lab");
            lab.put("text", r.rule().labText());
            lab.put("place", r.rule().labPlace());
        }
        ArrayNode notes = root.putArray("notes");
        outcome.notes().forEach(notes::add);
        ArrayNode programs = root.putArray("programs");
        for (CheckOutcome.Program p : outcome.programs()) {
            ObjectNode program = programs.addObject();
            program.put("label", p.label());
            program.put("command", p.command());
            program.put("ended", p.ended());
            program.put("transcript", p.transcript());
        }
        ArrayNode captures = root.putArray("captures");
        outcome.captures().forEach(captures::add);
        outcome.report().ifPresentOrElse(r -> root.put("report", r), () -> root.putNull("report"));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the outcome as JSON", e);
        }
    }

    public static CheckOutcome read(String json) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(json);
        List<RuleResult> results = new ArrayList<>();
        for (JsonNode rule : root.path("rules")) {
            RuleInfo info = new RuleInfo(rule.path("id").asText(), rule.path("title").asText(),
                    Requirement.parse(rule.path("requirement").asText()), rule.path("lab").path("text").asText(),
                    rule.path("lab").path("place").asText());
            List<Evidence> evidence = new ArrayList<>();
            for (JsonNode e : rule.path("evidence")) {
                Evidence item = Evidence.of(e.path("text").asText());
                evidence.add(e.has("frame") ? item.withFrame(e.path("frame").asText()) : item);
            }
            Verdict verdict = new Verdict(Status.parse(rule.path("status").asText()), rule.path("expected").asText(),
                    rule.path("seen").asText(), evidence);
            results.add(new RuleResult(info, rule.path("scenario").asText(), verdict));
        }
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(n -> notes.add(n.asText()));
        List<CheckOutcome.Program> programs = new ArrayList<>();
        for (JsonNode p : root.path("programs")) {
            programs.add(new CheckOutcome.Program(p.path("label").asText(), p.path("command").asText(),
                    p.path("ended").asText(), p.path("transcript").asText()));
        }
        List<String> captures = new ArrayList<>();
        root.path("captures").forEach(c -> captures.add(c.asText()));
        Optional<String> report = root.path("report").isTextual() ? Optional.of(root.path("report").asText())
                : Optional.empty();
        return new CheckOutcome(Target.parse(root.path("target").asText()), root.path("command").asText(),
                Network.parse(root.path("network").asText()), results, notes, programs, captures,
                root.path("elapsed_ms").asLong(), report);
    }
}
