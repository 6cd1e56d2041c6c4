package org.labctl.api;

/**
 * A machine a bastion knows, by MAC address: one row of {@code labctl provision list}.
 *
 * @param environment  the bastion's environment (cloud {@code baremetal})
 * @param mac          lower case with colons
 * @param state        discovered, pending-install, pending-reprovision, installing, installed or failed
 * @param hostname     the name it is being or was installed under, null while only discovered
 * @param role         worker or infra, null while only discovered
 * @param mode         install or reprovision (its last assignment), null while only discovered
 * @param architecture its firmware: bios, uefi-x64, uefi-arm64 or unknown
 * @param firstSeen    when the bastion first heard of it, ISO-8601
 * @param lastSeen     when it last asked for anything, ISO-8601
 * @param failure      why its last installation failed ({@code missing-lv-home}…), else null
 */
public record MachineInfo(String environment, String mac, String state, String hostname, String role, String mode,
                          String architecture, String firstSeen, String lastSeen, String failure) {
}
