package keywatch.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;
import software.amazon.event.ruler.MatchType;
import software.amazon.event.ruler.Patterns;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test oracle for keywatch's local EventBridge engine.
 *
 * <p>Reads JSON lines {"id":..,"pattern":"<json text>","event":"<json text>"} on stdin and prints one line per
 * input: {"id":..,"result":true|false} when the pattern compiles, or {"id":..,"error":"<message>"} when
 * Machine.addRule rejects it. Matching uses Machine.rulesForJSONEvent, the array-consistent API.
 *
 * <p>A line {"id":..,"complexity":"<pattern json>","maxComplexity":n} instead asks for the wildcard complexity of the
 * pattern as event-ruler's README ("How to use Ruler", the Validate example) measures it: JsonRuleCompiler.compile,
 * the sub-rules that contain a wildcard or anything-but wildcard added to a fresh Machine, then
 * Machine.evaluateComplexity(new MachineComplexityEvaluator(maxComplexity)), maxComplexity 100 when absent. The answer
 * is {"id":..,"complexity":n}, or {"id":..,"error":"<message>"} when the pattern does not compile.
 */
public final class EventRulerOracle {
    private EventRulerOracle() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> machines = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode req = mapper.readTree(line);
            ObjectNode res = mapper.createObjectNode();
            res.set("id", req.get("id"));
            if (req.has("complexity")) {
                try {
                    res.put("complexity", complexity(req.get("complexity").asText(), req.path("maxComplexity").asInt(100)));
                } catch (Exception e) {
                    res.put("error", String.valueOf(e.getMessage()));
                }
                out.println(mapper.writeValueAsString(res));
                out.flush();
                continue;
            }
            String pattern = req.get("pattern").asText();
            String event = req.get("event").asText();
            Object compiled = machines.get(pattern);
            if (compiled == null) {
                try {
                    Machine m = Machine.builder().build();
                    m.addRule("rule", pattern);
                    compiled = m;
                } catch (Exception e) {
                    compiled = String.valueOf(e.getMessage());
                }
                if (machines.size() > 10000) {
                    machines.clear();
                }
                machines.put(pattern, compiled);
            }
            if (compiled instanceof String) {
                res.put("error", (String) compiled);
            } else {
                try {
                    List<String> matched = ((Machine) compiled).rulesForJSONEvent(event);
                    res.put("result", !matched.isEmpty());
                } catch (Exception e) {
                    res.put("eventError", String.valueOf(e.getMessage()));
                }
            }
            out.println(mapper.writeValueAsString(res));
            out.flush();
        }
    }

    /** The README's per-rule validation: only sub-rules with a wildcard pattern are added, then the machine is evaluated. */
    private static int complexity(String pattern, int maxComplexity) throws Exception {
        Machine machine = Machine.builder().build();
        int i = 0;
        for (Map<String, List<Patterns>> rule : JsonRuleCompiler.compile(pattern)) {
            boolean wildcard = rule.values().stream().flatMap(List::stream)
                    .anyMatch(p -> p.type() == MatchType.WILDCARD || p.type() == MatchType.ANYTHING_BUT_WILDCARD);
            if (wildcard) {
                machine.addPatternRule(Integer.toString(++i), rule);
            }
        }
        return machine.evaluateComplexity(new MachineComplexityEvaluator(maxComplexity));
    }
}
