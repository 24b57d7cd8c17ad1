package dev.erroralert.spring.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionTypeTagsTests {

    @Test
    void theFirstTypesKeepTheirNameAndEveryLaterOneIsOther() {
        ExceptionTypeTags tags = new ExceptionTypeTags(ErrorAlertMeters.MAX_EXCEPTION_TYPES);
        List<String> values = new ArrayList<>();

        for (int i = 0; i < 60; i++) {
            values.add(tags.valueOf("com.example.GeneratedException" + i));
        }

        assertThat(values.subList(0, 50)).allMatch(value -> value.startsWith("com.example.GeneratedException"));
        assertThat(values.subList(50, 60)).containsOnly("other");
        assertThat(new HashSet<>(values)).as("50 names and 'other'").hasSize(51);
    }

    @Test
    void aTypeTaggedBeforeKeepsItsNameAfterTheCapIsReached() {
        ExceptionTypeTags tags = new ExceptionTypeTags(2);
        tags.valueOf("java.lang.IllegalStateException");
        tags.valueOf("java.lang.IllegalArgumentException");

        assertThat(tags.valueOf("java.io.UncheckedIOException")).isEqualTo("other");
        assertThat(tags.valueOf("java.lang.IllegalStateException")).isEqualTo("java.lang.IllegalStateException");
    }
}
