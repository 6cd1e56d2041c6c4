package org.labctl.cli;

import java.util.List;
import org.labctl.api.BastionInfo;
import org.labctl.api.BastionLog;
import org.labctl.api.MachineInfo;
import org.labctl.api.ProvisionRequest;

/**
 * One bastion, as {@code labctl provision} and {@code labctl logs bastion} use it: through labd
 * ({@link #of(LabdClient, String)}), or the standalone bastion of this host through its admin
 * endpoint ({@link StandaloneBastionClient}).
 */
public interface BastionApi {

    /** The environment it serves. */
    String environment();

    BastionInfo info();

    List<MachineInfo> machines();

    MachineInfo provision(String mac, ProvisionRequest request);

    MachineInfo forget(String mac);

    /** The last {@code lines} lines (null: all), or with {@code after} the lines since an earlier answer's next. */
    BastionLog log(String mac, Integer lines, Long after);

    /** The bastion of {@code environment} that labd runs. */
    static BastionApi of(LabdClient labd, String environment) {
        return new BastionApi() {
            @Override
            public String environment() {
                return environment;
            }

            @Override
            public BastionInfo info() {
                return labd.bastions().stream().filter(b -> b.environment().equals(environment)).findFirst()
                        .orElseThrow(() -> new LabctlException(ExitCode.NOT_FOUND, "no bastion of " + environment + " on labd"));
            }

            @Override
            public List<MachineInfo> machines() {
                return labd.machines(environment);
            }

            @Override
            public MachineInfo provision(String mac, ProvisionRequest request) {
                return labd.provision(environment, mac, request);
            }

            @Override
            public MachineInfo forget(String mac) {
                return labd.forgetMachine(environment, mac);
            }

            @Override
            public BastionLog log(String mac, Integer lines, Long after) {
                return labd.bastionLog(environment, mac, lines, after);
            }
        };
    }
}
