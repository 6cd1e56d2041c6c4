package org.labctl.example.notes;

/** A note: its name, its text and who wrote it first. */
public record Note(String name, String body, String createdBy) {
}
