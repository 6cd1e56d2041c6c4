package org.labctl.bastion.internal.kickstart;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes the kickstart of one machine: a RHEL 9 style kickstart (Rocky, Alma) that installs a
 * minimal system on one disk with the {@link Layout} of the machine's role, locks root, and in
 * {@code %post} installs lab-agent from the bastion and enrolls it with the machine's one-time
 * join token. The same request gives the same text, byte for byte: nothing in it depends on the
 * time or on iteration order.
 *
 * <p><b>Install</b> wipes the disk and creates everything. <b>Reprovision</b> keeps the partition
 * table and the volume group: it reformats {@code /boot}, {@code /boot/efi} and the system's
 * logical volumes where they are ({@code --onpart}, {@code --useexisting}; their sizes are the ones
 * the install gave them, so no {@code --size} is written) and mounts the preserved volumes without
 * formatting them ({@code --useexisting --noformat}). Its {@code %pre --erroronfail} script runs
 * before Anaconda touches any disk and stops the installation, after a callback with
 * {@code status=failed}, when {@code vgs}/{@code lvs} do not find the volume group or a preserved
 * volume.
 *
 * <p>{@code /tmp} is a tmpfs of {@link Layout}'s size through a line that {@code %post} appends to
 * {@code /etc/fstab} (systemd's fstab generator makes {@code tmp.mount} of it): kickstart has no
 * tmpfs directive that every version understands, and an fstab line shows the mount where an
 * administrator looks for it, next to the others.
 *
 * <p>Security: {@code rootpw --lock}, no password anywhere. With SSH keys, the one user
 * {@value #ADMIN_USER} is created with a locked password, gets the keys, and sudo without a
 * password (its keys are its only credential, as on cloud images); without keys no one can log in
 * and the machine is reached through lab-agent. The token appears once, on the
 * {@code lab-agent enroll} line, and is spent by it. Anaconda keeps a copy of the kickstart in
 * {@code /root} unless told otherwise: the iPXE script that loads this kickstart should pass
 * {@code inst.nosave=all_ks}. The installation source is also the iPXE script's business
 * ({@code inst.repo=}).
 *
 * <p>The bastion's URLs the installer calls are {@link BastionUrls}'s.
 */
public final class Kickstart {

    /** The user that the request's SSH keys log in as. */
    public static final String ADMIN_USER = "labadmin";
    /** Where lab-agent is unpacked (its systemd unit runs it from there). */
    static final String AGENT_HOME = "/opt/lab-agent";
    /** lab-agent's data directory, as its systemd unit has it. */
    static final String AGENT_DATA = "/var/lib/lab-agent";
    /** Beyond the minimal environment: the callbacks' curl, the agent's tar and its Java. */
    static final List<String> PACKAGES = List.of("@^minimal-environment", "curl", "java-17-openjdk-headless", "tar");

    private final KickstartRequest request;
    private final List<Volume> layout;
    private final StringBuilder text = new StringBuilder(8192);

    private Kickstart(KickstartRequest request) {
        this.request = request;
        this.layout = Layout.of(request.role());
    }

    /** The kickstart for this request, lines ending in {@code \n}. */
    public static String render(KickstartRequest request) {
        return new Kickstart(Objects.requireNonNull(request, "request")).write();
    }

    private String write() {
        line("# labctl kickstart for " + request.hostname() + " (" + request.mac() + "): "
                + name(request.role()) + ", " + name(request.mode()));
        line("# Made by the bastion for this machine alone: it holds a one-time join token.");
        system();
        line();
        storage();
        if (request.mode() == Mode.REPROVISION) {
            line();
            preservedVolumesCheck();
        }
        line();
        packages();
        line();
        post();
        return text.toString();
    }

    private void system() {
        line("text");
        line("lang en_US.UTF-8");
        line("keyboard --vckeymap=us --xlayouts=us");
        line("timezone " + request.timezone() + " --utc");
        line("network --bootproto=dhcp --device=" + request.mac() + " --onboot=yes --activate --hostname=" + request.hostname());
        line("rootpw --lock");
        if (!request.sshKeys().isEmpty()) {
            line("user --name=" + ADMIN_USER + " --lock");
            for (String key : request.sshKeys()) {
                line("sshkey --username=" + ADMIN_USER + " \"" + key + "\"");
            }
        }
        line("reboot");
    }

    private void storage() {
        String disk = request.disk();
        boolean install = request.mode() == Mode.INSTALL;
        if (install) {
            line("# Disk " + disk + ", wiped: /boot/efi, /boot, then LVM volume group " + Layout.VOLUME_GROUP
                    + " on the rest; sizes in MiB (1 GB = 1024 MiB)");
        } else {
            line("# Disk " + disk + ", partitions and volume group " + Layout.VOLUME_GROUP + " kept: "
                    + preservedNames(", ") + " mounted as they are, the rest reformatted in place");
        }
        line("ignoredisk --only-use=" + disk);
        if (install) {
            line("zerombr");
            line("clearpart --all --initlabel --disklabel=gpt --drives=" + disk);
        }
        line("bootloader --boot-drive=" + disk);
        int partition = 0;
        for (Volume volume : layout) {
            if (volume.kind() != Volume.Kind.PARTITION) {
                continue;
            }
            partition++;
            line("part " + volume.mountPoint() + " --fstype=" + volume.fstype()
                    + (install ? " --size=" + volume.sizeMiB() + " --ondisk=" + disk
                            : " --onpart=" + Layout.partitionName(disk, partition)));
        }
        if (install) {
            line("part " + Layout.PHYSICAL_VOLUME + " --size=1 --grow --ondisk=" + disk);
            line("volgroup " + Layout.VOLUME_GROUP + " " + Layout.PHYSICAL_VOLUME);
        } else {
            line("volgroup " + Layout.VOLUME_GROUP + " --useexisting --noformat");
        }
        for (Volume volume : layout) {
            if (volume.kind() != Volume.Kind.LOGICAL_VOLUME) {
                continue;
            }
            String where = install ? " --size=" + volume.sizeMiB() + (volume.grows() ? " --grow" : "")
                    : " --useexisting" + (volume.preserved() ? " --noformat" : "");
            line("logvol " + volume.mountPoint() + " --vgname=" + Layout.VOLUME_GROUP + " --name=" + volume.name() + where
                    + " --fstype=" + volume.fstype());
        }
        for (Volume volume : layout) {
            if (volume.kind() == Volume.Kind.TMPFS) {
                line("# " + volume.mountPoint() + ": a " + volume.sizeMiB() + " MiB tmpfs, through /etc/fstab (%post)");
            }
        }
    }

    /** Runs before Anaconda looks at the disks: stops it when there is nothing to preserve. */
    private void preservedVolumesCheck() {
        line("%pre --erroronfail");
        line("# Reprovisioning keeps " + preservedNames(", ") + ": stop before any disk is touched, and tell the");
        line("# bastion why, when their volume group or one of them is not there.");
        line("CALLBACK=" + quoted(BastionUrls.callback(request.bastion(), request.mac())));
        line("fail() {");
        line("    echo \"labctl: reprovisioning stopped before touching any disk: $2\" >&2");
        line("    curl -fsS --max-time 10 --retry 3 -X POST \"$CALLBACK?status=" + BastionUrls.STATUS_FAILED
                + "&reason=$1\" >/dev/null || true");
        line("    exit 1");
        line("}");
        String group = Layout.VOLUME_GROUP;
        line("vgs " + group + " >/dev/null 2>&1 || fail " + reason("missing-vg") + " \"no volume group " + group
                + " on this machine: install it instead of reprovisioning\"");
        for (Volume volume : Layout.preserved(request.role())) {
            line("lvs " + group + "/" + volume.name() + " >/dev/null 2>&1 || fail " + reason("missing-lv-" + volume.name())
                    + " \"no logical volume " + group + "/" + volume.name() + " for " + volume.mountPoint()
                    + ": restore it, or install the machine instead\"");
        }
        line("%end");
    }

    private void packages() {
        line("%packages");
        PACKAGES.forEach(this::line);
        line("%end");
    }

    /** Runs in the installed system: /tmp, the admin's sudo, lab-agent, its enrollment, the callback. */
    private void post() {
        line("%post --erroronfail");
        line("# Installs lab-agent from the bastion and enrolls it with the one-time join token. A failing");
        line("# step stops the installation and tells the bastion which; the last line reports success.");
        line("CALLBACK=" + quoted(BastionUrls.callback(request.bastion(), request.mac())));
        line("report() {");
        line("    curl -fsS --max-time 10 --retry 3 -X POST \"$CALLBACK?status=$1${2:+&reason=$2}\" >/dev/null || true");
        line("}");
        line("fail() {");
        line("    echo \"labctl: $2\" >&2");
        line("    report " + BastionUrls.STATUS_FAILED + " \"$1\"");
        line("    exit 1");
        line("}");
        for (Volume volume : layout) {
            if (volume.kind() == Volume.Kind.TMPFS) {
                line();
                line("# " + volume.mountPoint() + " is a " + volume.sizeMiB() + " MiB tmpfs: systemd's fstab generator mounts it from this line");
                line("echo " + quoted("tmpfs " + volume.mountPoint() + " tmpfs mode=1777,nosuid,nodev,size=" + volume.sizeMiB()
                        + "m 0 0") + " >> /etc/fstab");
            }
        }
        if (!request.sshKeys().isEmpty()) {
            line();
            line("# " + ADMIN_USER + " logs in with its SSH keys only (its password is locked) and becomes root with sudo");
            line("echo " + quoted(ADMIN_USER + " ALL=(ALL) NOPASSWD: ALL") + " > /etc/sudoers.d/" + ADMIN_USER);
            line("chmod 0440 /etc/sudoers.d/" + ADMIN_USER);
        }
        String archive = "/var/tmp/" + BastionUrls.AGENT_ARTIFACT;
        line();
        line("# lab-agent as agent/assembly builds it: one top directory holding bin/, lib/ and systemd/");
        line("curl -fsS --max-time 600 --retry 3 -o " + archive + " "
                + quoted(BastionUrls.artifact(request.bastion(), BastionUrls.AGENT_ARTIFACT)) + " \\");
        line("    || fail " + reason("agent-download") + " \"cannot download lab-agent from the bastion\"");
        line("mkdir -p " + AGENT_HOME + " && tar -xzf " + archive + " -C " + AGENT_HOME
                + " --strip-components=1 --no-same-owner \\");
        line("    || fail " + reason("agent-unpack") + " \"cannot unpack lab-agent into " + AGENT_HOME + "\"");
        line("rm -f " + archive);
        line("install -m 0644 " + AGENT_HOME + "/systemd/lab-agent.service /etc/systemd/system/lab-agent.service \\");
        line("    || fail " + reason("agent-unit") + " \"cannot install the systemd unit of lab-agent\"");
        line(AGENT_HOME + "/bin/lab-agent enroll --server " + quoted(request.labd().toString()) + " --token "
                + quoted(request.token()) + " --name " + quoted(request.hostname()) + " --data " + AGENT_DATA + " \\");
        line("    || fail " + reason("agent-enroll") + " \"lab-agent could not enroll with labd (its message is above)\"");
        line("systemctl enable lab-agent.service || fail " + reason("agent-enable") + " \"cannot enable lab-agent.service\"");
        line("report " + BastionUrls.STATUS_INSTALLED);
        line("%end");
    }

    private String preservedNames(String separator) {
        return Layout.preserved(request.role()).stream().map(Volume::mountPoint).collect(Collectors.joining(separator));
    }

    /**
     * A value between single quotes for the shell. The {@link KickstartRequest} let no quote through;
     * this is the last guard should that ever change.
     */
    private static String quoted(String value) {
        if (value.indexOf('\'') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalStateException("a value with a quote or a line break reached the kickstart");
        }
        return "'" + value + "'";
    }

    private static String reason(String reason) {
        if (!BastionUrls.REASON.matcher(reason).matches()) {
            throw new IllegalStateException("callback reason " + reason + " does not match " + BastionUrls.REASON);
        }
        return reason;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private void line(String line) {
        text.append(line).append('\n');
    }

    private void line() {
        text.append('\n');
    }
}
