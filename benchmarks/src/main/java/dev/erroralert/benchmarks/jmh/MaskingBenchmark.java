package dev.erroralert.benchmarks.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.erroralert.event.ThrownError;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.testsupport.MaskingCorpus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What masking costs the decider thread, which snapshots (reads and masks) every new error: the snapshot of an
 * exception with each message of the masking corpus (secrets and ordinary messages, 337 in turn), unmasked as the
 * baseline, masked with the built-in rules, and with personal data masked too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MaskingBenchmark {

    /** The corpus's messages, read from exceptions once: the benchmark measures the snapshot, not the throw. */
    @State(Scope.Thread)
    public static class Corpus {

        final InAppFrames inAppFrames = InAppFrames.everythingButFrameworks();

        final SecretMasker defaults = SecretMasker.withDefaults();

        final SecretMasker withPersonalData = SecretMasker.withDefaults().withPersonalData();

        ThrownError[] errors;

        int next;

        @Setup(Level.Trial)
        public void setUp() {
            List<MaskingCorpus.Case> cases = MaskingCorpus.cases();
            errors = new ThrownError[cases.size()];
            for (int i = 0; i < errors.length; i++) {
                errors[i] = ThrownError.read(new IllegalStateException(cases.get(i).message()));
            }
        }

        ThrownError nextError() {
            ThrownError error = errors[next];
            next = next + 1 == errors.length ? 0 : next + 1;
            return error;
        }
    }

    @Benchmark
    public ErrorSnapshot unmasked(Corpus corpus) {
        return ErrorSnapshot.of(corpus.nextError(), corpus.inAppFrames, SecretMasker.none());
    }

    @Benchmark
    public ErrorSnapshot masked(Corpus corpus) {
        return ErrorSnapshot.of(corpus.nextError(), corpus.inAppFrames, corpus.defaults);
    }

    @Benchmark
    public ErrorSnapshot maskedWithPersonalData(Corpus corpus) {
        return ErrorSnapshot.of(corpus.nextError(), corpus.inAppFrames, corpus.withPersonalData);
    }
}
