/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class PowCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path directory;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int pow(String... arguments) {
        out.reset();
        err.reset();
        return new CommandLine(new PowCommand()).execute(arguments);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mintShouldPrintCountStampsOnePerLineWithoutAProgressBarOffATerminal() {
        assertThat(pow("mint", "--bits", "8", "--count", "3", "bob@example.onion")).isZero();
        assertThat(out().split("\n")).hasSize(3).allMatch(line -> line.startsWith("1:8:"));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void verifyShouldExitZeroForAValidStampAndOneForASpentOne() {
        pow("mint", "--bits", "8", "bob@example.onion");
        String stamp = out().trim();
        String db = directory.resolve("spent").toString();
        assertThat(pow("verify", "--bits", "8", "--resource", "bob@example.onion", "--spent-db", db, stamp)).isZero();
        assertThat(pow("verify", "--bits", "8", "--resource", "bob@example.onion", "--spent-db", db, stamp)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("invalid stamp (spent): stamp was already spent");
    }

    @Test
    void verifyShouldSayWhyAStampIsForAnotherResource() {
        pow("mint", "--bits", "8", "bob@example.onion");
        String stamp = out().trim();
        assertThat(pow("verify", "--bits", "8", "--resource", "carol@example.onion", stamp)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .contains("invalid stamp (wrong resource): stamp is for bob@example.onion, not carol@example.onion");
    }

    @Test
    void mintShouldRefuseAnXpowAlgorithm() {
        assertThat(pow("mint", "--alg", "argon2id", "--bits", "8", "bob@example.onion")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot mint");
    }
}
