package org.labctl.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON and YAML mappers of labctl, configured once. Each is built on first use: commands
 * that never touch JSON (such as {@code version --client}) do not pay for loading Jackson.
 */
public final class Mappers {

    private Mappers() {
    }

    /** JSON for the wire and for {@code -o json}: pretty with two spaces, tolerant of newer servers. */
    public static ObjectMapper json() {
        return JsonHolder.MAPPER;
    }

    /**
     * JSON for the frames of a stream ({@link org.labctl.api.ExecFrame}): one compact line, the
     * fields that do not apply to a frame left out rather than sent as null.
     */
    public static ObjectMapper frames() {
        return FramesHolder.MAPPER;
    }

    /** YAML for config files and for {@code -o yaml}: no document marker, quotes only where needed. */
    public static ObjectMapper yaml() {
        return YamlHolder.MAPPER;
    }

    private static final class JsonHolder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // a newer labd may add fields; an older labctl must keep working with it
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .defaultPrettyPrinter(prettyPrinter())
                .build();

        /** {@code "key": value} with arrays one element a line, like kubectl and jq print. */
        private static DefaultPrettyPrinter prettyPrinter() {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            printer.indentObjectsWith(indenter);
            printer.indentArraysWith(indenter);
            return printer;
        }
    }

    private static final class FramesHolder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private static final class YamlHolder {
        static final ObjectMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        // "1" stays a string when read back
                        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                        // PEM blocks print as readable | blocks
                        .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                        .build())
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }
}
