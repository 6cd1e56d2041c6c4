package org.labctl.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.CliRun;
import org.labctl.cli.Fixtures;
import org.labctl.cli.LabdStandIn;

/**
 * Tests of commands that talk to labd: each test gets a fresh stand-in for labd and a config
 * pointing at it, and runs labctl at {@link Fixtures#CLOCK} so that ages in tables are stable.
 */
abstract class StandInCommandTest {

    @TempDir
    Path home;

    /** The stand-in the commands talk to; tests set its answers and read the requests it got. */
    LabdStandIn labd;

    private String config;

    @BeforeEach
    void startStandIn() throws IOException {
        labd = new LabdStandIn();
        config = labd.writeConfig(home).toString();
    }

    @AfterEach
    void stopStandIn() {
        labd.close();
    }

    CliRun.Result run(String... args) {
        return cli().run(args);
    }

    /** labctl configured for the stand-in, for tests that set more, such as an environment variable. */
    CliRun cli() {
        return new CliRun(home).clock(Fixtures.CLOCK).env("LABCTL_CONFIG", config);
    }
}
