package org.labctl.api;

/**
 * Answer of {@code POST /api/v1/users}: what the client needs to write the user's labctl config.
 *
 * @param user        the new user
 * @param certificate the user's certificate in PEM
 * @param ca          labd's root CA in PEM
 */
public record CreatedUser(UserInfo user, String certificate, String ca) {
}
