package org.labctl.api;

import java.util.List;

/**
 * A person who uses labctl.
 *
 * @param name         the user name
 * @param description  free text, or null
 * @param createdBy    who created the user
 * @param createdAt    when, ISO-8601
 * @param certificates the user's certificates, newest last
 */
public record UserInfo(String name, String description, String createdBy, String createdAt, List<CertificateInfo> certificates) {
}
