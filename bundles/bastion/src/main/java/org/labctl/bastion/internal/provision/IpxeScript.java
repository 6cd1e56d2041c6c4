package org.labctl.bastion.internal.provision;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.labctl.bastion.internal.kickstart.BastionUrls;
import org.labctl.bastion.internal.kickstart.Inputs;

/**
 * The iPXE script a machine gets at {@code BASE/boot/MAC.ipxe} ({@link BastionUrls#ipxeScript}),
 * which decides what its network boot does ({@link Machine#nextBoot()}):
 * <ul>
 * <li><b>wait</b> (unknown or discovered): it says what the operator should run, sleeps
 * {@value #POLL_SECONDS} s and asks again, so that an assignment takes effect without anyone
 * touching the machine;</li>
 * <li><b>install</b> (pending install or reprovision): the installer's kernel and initrd from the
 * boot directory, with its kickstart ({@code inst.ks=BASE/ks/MAC.cfg}), the installation source
 * ({@code inst.repo}) and {@code inst.nosave=all_ks}, so that no copy of the kickstart, which holds
 * a join token, stays on the installed machine;</li>
 * <li><b>local</b> (installing, installed, failed): {@code exit}, which hands the boot back to the
 * firmware's next boot device, the disk.</li>
 * </ul>
 * Every value written into a script is checked first: iPXE expands {@code ${…}} and splits on
 * spaces, so nothing an operator configures may contain either.
 */
public final class IpxeScript {

    /** How long a waiting machine sleeps before it asks again. */
    public static final int POLL_SECONDS = 30;
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ARGUMENT = Pattern.compile("[A-Za-z0-9._:=,/+@-]{1,200}");

    /**
     * The installer's boot images and arguments.
     *
     * @param kernel     the kernel's file name in the boot directory, such as {@code vmlinuz}
     * @param initrd     the initrd's file name there, such as {@code initrd.img}
     * @param repo       the installation source ({@code inst.repo}), an http(s) URL
     * @param kernelArgs more kernel arguments, such as {@code console=ttyS0,115200}
     */
    public record Installer(String kernel, String initrd, URI repo, List<String> kernelArgs) {

        public Installer {
            kernel = file("kernel", kernel);
            initrd = file("initrd", initrd);
            repo = Inputs.url("repo", repo, false);
            kernelArgs = List.copyOf(kernelArgs == null ? List.of() : kernelArgs);
            for (String argument : kernelArgs) {
                if (argument == null || !ARGUMENT.matcher(argument).matches()) {
                    throw new IllegalArgumentException("kernel argument \"" + argument + "\" must be 1 to 200 of letters, digits and "
                            + ". _ : = , / + @ -, such as console=ttyS0,115200 (no spaces, quotes or ${})");
                }
            }
        }

        private static String file(String field, String name) {
            if (name == null || !FILE.matcher(name).matches() || name.contains("..")) {
                throw new IllegalArgumentException(field + " must be a file name of the boot directory (letters, digits, "
                        + ". _ -; no path), such as vmlinuz, not \"" + name + "\"");
            }
            return name;
        }
    }

    private IpxeScript() {
    }

    /**
     * The script for the machine with this MAC address.
     *
     * @param machine what the bastion knows of it, or null for a machine it has never seen
     */
    public static String render(URI bastion, String mac, Machine machine, Installer installer) {
        String key = Inputs.mac(mac);
        Machine.NextBoot next = machine == null ? Machine.NextBoot.WAIT : machine.nextBoot();
        StringBuilder script = new StringBuilder("#!ipxe\n");
        switch (next) {
            case WAIT -> script.append("echo labctl bastion: ").append(key).append(" is not assigned yet: labctl provision install ")
                    .append(key).append(" HOSTNAME --role worker|infra\n")
                    .append("echo labctl bastion: asking again in ").append(POLL_SECONDS).append(" s\n")
                    .append("sleep ").append(POLL_SECONDS).append('\n')
                    .append("chain --replace --autofree ").append(BastionUrls.ipxeScript(bastion, key)).append('\n');
            case INSTALL -> {
                script.append("echo labctl bastion: ").append(machine.mode() == org.labctl.bastion.internal.kickstart.Mode.REPROVISION
                        ? "reprovisioning " : "installing ").append(machine.hostname()).append(" as ")
                        .append(machine.role().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
                script.append("kernel ").append(BastionUrls.bootFile(bastion, installer.kernel()))
                        .append(" initrd=").append(installer.initrd())
                        .append(" inst.ks=").append(BastionUrls.kickstart(bastion, key))
                        .append(" inst.repo=").append(installer.repo())
                        .append(" inst.nosave=all_ks ip=dhcp");
                installer.kernelArgs().forEach(argument -> script.append(' ').append(argument));
                script.append('\n');
                script.append("initrd ").append(BastionUrls.bootFile(bastion, installer.initrd())).append('\n');
                script.append("boot\n");
            }
            case LOCAL -> script.append("echo labctl bastion: ").append(machine.hostname() == null ? key : machine.hostname())
                    .append(" is ").append(machine.state().label()).append(": booting from its disk\n")
                    .append("exit\n");
        }
        return script.toString();
    }
}
