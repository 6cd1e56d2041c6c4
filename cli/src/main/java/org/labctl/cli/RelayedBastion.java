package org.labctl.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.List;
import org.labctl.api.BastionCall;
import org.labctl.api.BastionInfo;
import org.labctl.api.BastionLog;
import org.labctl.api.MachineInfo;
import org.labctl.api.ProvisionRequest;
import org.labctl.cli.exec.CapturedOutput;
import org.labctl.cli.exec.ExecRequest;
import org.labctl.cli.exec.SingleExec;

/**
 * A standalone bastion registered with labd, reached through labd: each call is an exec session
 * to the server it enrolled as, whose lab-agent answers it from the bastion beside it. labd
 * authorizes it on the environment ({@code read} to look, {@code manage} to change) and audits it.
 */
public final class RelayedBastion implements BastionApi {

    private final LabdClient labd;
    private final ExecIo io;
    private final String server;
    private final String environment;

    public RelayedBastion(LabdClient labd, ExecIo io, String server, String environment) {
        this.labd = labd;
        this.io = io;
        this.server = server;
        this.environment = environment;
    }

    @Override
    public String environment() {
        return environment;
    }

    @Override
    public BastionInfo info() {
        return call(new BastionCall(BastionCall.INFO, null, null, null, null, null), new TypeReference<BastionInfo>() { });
    }

    @Override
    public List<MachineInfo> machines() {
        return call(new BastionCall(BastionCall.MACHINES, null, null, null, null, null), new TypeReference<List<MachineInfo>>() { });
    }

    @Override
    public MachineInfo provision(String mac, ProvisionRequest request) {
        return call(new BastionCall(BastionCall.PROVISION, mac, request, null, null, null), new TypeReference<MachineInfo>() { });
    }

    @Override
    public MachineInfo forget(String mac) {
        return call(new BastionCall(BastionCall.FORGET, mac, null, null, null, null), new TypeReference<MachineInfo>() { });
    }

    @Override
    public BastionLog log(String mac, Integer lines, Long after) {
        return call(new BastionCall(BastionCall.LOG, mac, null, lines, after, null), new TypeReference<BastionLog>() { });
    }

    private <T> T call(BastionCall call, TypeReference<T> type) {
        try {
            call.check();
        } catch (IllegalArgumentException e) {
            throw new LabctlException(ExitCode.USAGE, e.getMessage());
        }
        CapturedOutput answer = new CapturedOutput();
        int code;
        try {
            code = new SingleExec(io, labd::openExec, System::nanoTime).run(server, ExecRequest.bastion(call), false, false, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabctlException(ExitCode.INTERRUPTED, "interrupted");
        }
        if (code != 0) {
            throw new LabctlException(code, "the bastion of " + environment + " (server/" + server + ") did not answer: "
                    + answer.stderr().strip());
        }
        if (answer.truncated()) {
            throw new LabctlException(ExitCode.ERROR, "the bastion's answer is larger than labctl reads at once: ask for less "
                    + "(logs bastion -n N)");
        }
        try {
            return Mappers.json().readValue(answer.stdout(), type);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "the bastion of " + environment + " answered something labctl cannot read: "
                    + e.getMessage());
        }
    }
}
