package chatlab.cli;

import chatlab.testbed.LabHost;
import chatlab.testbed.LabNetwork;
import chatlab.testbed.Testbed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code chatlab testbed shell HOST}: a shell inside one of the lab's hosts. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "Opens a shell inside a host of the testbed (which must be up), as `docker exec -it client1 "
                + "bash` did in the lab: its network is the host's, names resolve through dnsserver, and `chatlab` "
                + "runs this chatlab, so `chatlab client --server chat.ttm4200.com` works as in the lab. With a "
                + "COMMAND after the host, runs that instead of a shell. The lab's Python programs are in "
                + "$CHATLAB_PYTHON. Ctrl-D or `exit` leaves.")
final class TestbedShellCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TestbedOptions options;

    @Parameters(index = "0", paramLabel = "HOST",
            description = "dnsserver, webserver, client1, client2 or client3.")
    String hostName;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "A command to run on the host instead of a shell.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Testbed testbed = options.testbed(out, spec.commandLine().getErr());
        LabHost host = LabNetwork.host(hostName).orElseThrow(() -> new UserError("there is no host '" + hostName
                + "'; the hosts are dnsserver, webserver, client1, client2 and client3", 2));
        if (testbed.state() != Testbed.State.UP) {
            throw new UserError("the testbed is not up; start it with `chatlab testbed up`");
        }
        List<String> inner = new ArrayList<>(command);
        if (inner.isEmpty()) {
            String shell = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
            inner.add(shell);
            out.println("A shell on " + host + " (" + host.ipv4() + ", " + host.ipv6() + "). Try `chatlab client "
                    + "--server " + LabNetwork.CHAT_SERVER_NAME + "`" + (host.equals(LabNetwork.WEBSERVER)
                    ? " on a client and `chatlab server` here" : "") + "; Ctrl-D or `exit` leaves.");
            out.flush();
        }
        ProcessBuilder builder = new ProcessBuilder(testbed.onHost(host, inner)).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("PATH", testbed.binDir() + ":" + env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        // Debian's bash prompt shows $debian_chroot in brackets: (client1)root@machine:~#
        env.put("debian_chroot", host.name());
        env.put("CHATLAB_HOST", host.name());
        env.put("CHATLAB_PYTHON", testbed.pythonDir().toString());
        // For the lab's Python programs, which otherwise take the machine's own hostname's address.
        env.put(host.equals(LabNetwork.WEBSERVER) ? "CHAT_SERVER_IP" : "CHAT_CLIENT_IP", host.ipv4());
        // Ctrl-C belongs to the shell and what runs in it, not to this JVM waiting for it.
        SignalHandler previous = null;
        try {
            previous = Signal.handle(new Signal("INT"), s -> { });
        } catch (IllegalArgumentException unsupported) {
            // Keep the default.
        }
        try {
            Process process = builder.start();
            return process.waitFor();
        } catch (IOException e) {
            throw new UserError("cannot start a shell on " + host + ": " + e.getMessage());
        } finally {
            if (previous != null) {
                Signal.handle(new Signal("INT"), previous);
            }
        }
    }
}
