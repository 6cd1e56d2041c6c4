package org.labctl.example.notes.internal;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.core.Database;
import org.labctl.example.notes.Note;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The notes, in the bundle's own table through its own mapper. */
@Component(service = Notes.class)
public final class Notes {

    /** The queries. */
    public interface Mapper {
        @Select("SELECT name, body, created_by FROM example_notes ORDER BY name")
        List<Note> all();

        @Insert("INSERT INTO example_notes (name, body, created_by) VALUES (#{name}, #{body}, #{createdBy}) "
                + "ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body")
        void put(Note note);
    }

    private final Database database;
    private final SqlSessionFactory sessions;

    @Activate
    public Notes(@Reference Database database) {
        this.database = database;
        this.sessions = database.sessionFactory(Mapper.class);
    }

    public List<Note> all() {
        return database.transaction(sessions, s -> s.getMapper(Mapper.class).all());
    }

    public Note put(Note note) {
        database.transaction(sessions, s -> {
            s.getMapper(Mapper.class).put(note);
            return null;
        });
        return note;
    }
}
