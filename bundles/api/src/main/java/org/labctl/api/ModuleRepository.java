package org.labctl.api;

/**
 * A Maven repository labd resolves {@code mvn:} module sources from ({@code labctl modules repos list}). Its password,
 * when it has one, is sealed in labd's database and never part of any answer.
 *
 * @param name        how it is named ({@code labctl modules repos remove NAME})
 * @param url         its http(s) URL, without credentials
 * @param username    the user labd authenticates as (HTTP basic), or null
 * @param hasPassword whether labd keeps a password for it
 * @param position    its place in the order labd asks the repositories in, from 1
 * @param addedBy     who added it
 * @param addedAt     when, ISO-8601
 */
public record ModuleRepository(String name, String url, String username, boolean hasPassword, int position,
                               String addedBy, String addedAt) {
}
