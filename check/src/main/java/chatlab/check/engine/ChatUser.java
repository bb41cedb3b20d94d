package chatlab.check.engine;

import chatlab.check.net.LabSlot;
import chatlab.check.proc.Poll;
import chatlab.check.proc.ProgramProcess;
import chatlab.check.wire.PythonDict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A chat client program on a lab host, typed into as its user would: a copy of the client under test, or the lab's
 * own Python client in a server check. A password prompt it shows is answered (with the check's --password) before
 * the next line is typed.
 */
public final class ChatUser {
    /** How often {@code #ls} is typed while waiting for the client's list to be as expected. */
    static final Duration LS_PAUSE = Duration.ofMillis(250);

    /** What {@code #ls} printed last, and whether every expected user (name and address) was in it. */
    public record Listing(Map<String, String> expected, List<String> printed, boolean matched) {
        /** The last printed line that holds a dictionary (or Python's None), else the last line. */
        public String lastList() {
            return printed.stream().filter(l -> PythonDict.find(l).isPresent() || l.endsWith("None"))
                    .reduce((a, b) -> b).orElse(printed.isEmpty() ? "" : printed.get(printed.size() - 1));
        }
    }

    private final String name;
    private final LabSlot slot;
    private final ProgramProcess process;
    private final String password;
    private boolean passwordTyped;

    public ChatUser(String name, LabSlot slot, ProgramProcess process, String password) {
        this.name = name;
        this.slot = slot;
        this.process = process;
        this.password = password;
    }

    /** Types a line as the user would; a password prompt the client shows first is answered first. */
    public void type(String line) {
        answerPasswordPrompt();
        process.type(line);
    }

    /** Whether the client's last printed line asks for a password. */
    public boolean asksPassword() {
        List<String> printed = process.printedFrom(0);
        return !printed.isEmpty() && printed.get(printed.size() - 1).toLowerCase(Locale.ROOT)
                .contains("password");
    }

    /** Types the password when the client asks for one and it was not typed yet; true when it typed it. */
    public boolean answerPasswordPrompt() {
        if (passwordTyped || !asksPassword()) {
            return false;
        }
        passwordTyped = true;
        process.type(password);
        return true;
    }

    public String name() {
        return name;
    }

    /** The address it runs at, where its direct messages come from and go to. */
    public String address() {
        return slot.address();
    }

    public ProgramProcess process() {
        return process;
    }

    public int mark() {
        return process.mark();
    }

    public List<String> printedFrom(int mark) {
        return process.printedFrom(mark);
    }

    public boolean awaitPrinted(int mark, Duration timeout, Predicate<String> matching) throws InterruptedException {
        return process.awaitPrinted(mark, timeout, matching);
    }

    /**
     * Types {@code #ls} until what it prints after that holds every expected user: the name and the address of each
     * (in any form; a Python dict as the lab's client prints it, or lines of the program's own), and no user that
     * {@code absent} names. At most until {@code timeout}.
     */
    public Listing listUntil(Map<String, String> expected, List<String> absent, Duration timeout)
            throws InterruptedException {
        return listUntil(expected, timeout, lines -> lists(lines, expected, absent));
    }

    /** Types {@code #ls} until it prints a dictionary equal to {@code expected}, as the lab's client would. */
    public Listing listExactly(Map<String, String> expected, Duration timeout) throws InterruptedException {
        return listUntil(expected, timeout, lines -> lines.stream().map(PythonDict::find).flatMap(Optional::stream)
                .reduce((a, b) -> b).map(expected::equals).orElse(false));
    }

    private Listing listUntil(Map<String, String> expected, Duration timeout, Predicate<List<String>> good)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (process.alive()) {
            int mark = process.mark();
            type("#ls");
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            Poll.until(left.compareTo(LS_PAUSE) < 0 ? left : LS_PAUSE, () -> good.test(printedFrom(mark)));
            last = printedFrom(mark);
            if (good.test(last)) {
                return new Listing(expected, last, true);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        return new Listing(expected, last, false);
    }

    /** Whether the lines name every expected user with its address, and none of the absent ones. */
    static boolean lists(List<String> lines, Map<String, String> expected, List<String> absent) {
        String text = String.join("\n", lines);
        Optional<Map<String, String>> dict = lines.stream().map(PythonDict::find).flatMap(Optional::stream)
                .reduce((a, b) -> b);
        if (dict.isPresent()) {
            Map<String, String> d = dict.get();
            return expected.entrySet().stream().allMatch(e -> e.getValue().equals(d.get(e.getKey())))
                    && absent.stream().noneMatch(d::containsKey);
        }
        return expected.entrySet().stream().allMatch(e -> text.contains(e.getKey()) && text.contains(e.getValue()))
                && absent.stream().noneMatch(text::contains);
    }
}
