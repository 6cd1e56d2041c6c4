/**
 * The payload of {@code notes.echo} sessions, the one definition both of the example's bundles
 * compile in: labd's (its kind) and the agent's (its handler, which bnd gives a private copy, as the
 * agent runs none of labd's bundles). Neither exports it.
 */
package org.labctl.example.notes.echo;
