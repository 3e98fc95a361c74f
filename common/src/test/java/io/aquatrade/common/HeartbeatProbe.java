package io.aquatrade.common;

import java.nio.file.Path;

import net.openhft.chronicle.threads.Pauser;

/**
 * A child process for {@link HeartbeatProcessTest}: runs an idle agent under an {@link AgentRunner} with a heartbeat
 * every 50 ms in the directory given as the first argument, until SIGTERM, as a process's main does.
 */
public final class HeartbeatProbe {
    private HeartbeatProbe() {
    }

    /** @param args the heartbeat directory */
    public static void main(String[] args) {
        ErrorCounters errors = new ErrorCounters();
        Agent idle = new Agent() {
            @Override
            public int doWork() {
                return 0;
            }

            @Override
            public String roleName() {
                return "probe";
            }
        };
        HeartbeatWriter heartbeat = new HeartbeatWriter(Path.of(args[0]), "probe", HeartbeatConfig.of(null, 50L),
                EpochClock.system(), errors);
        System.exit(new AgentRunner(idle, Pauser.millis(5), errors).heartbeat(heartbeat).runUntilShutdown());
    }
}
