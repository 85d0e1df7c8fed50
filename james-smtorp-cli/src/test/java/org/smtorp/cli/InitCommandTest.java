/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;

class InitCommandTest {
    @TempDir
    Path temp;

    @Test
    void initShouldPrintTheDomainOfTheNewIdentity() throws Exception {
        Path dir = temp.resolve("identity");

        CommandRun run = CommandRun.of("init", dir.toString());

        assertThat(run.exitCode).isZero();
        assertThat(SmtorpDomain.parse(run.firstLine())).isEqualTo(ServerIdentity.load(dir).domain());
    }

    @Test
    void initShouldRefuseToReplaceAnIdentity() throws Exception {
        Path dir = temp.resolve("identity");
        CommandRun.of("init", dir.toString());
        String onion = ServerIdentity.load(dir).onion().asString();

        CommandRun again = CommandRun.of("init", dir.toString());

        assertThat(again.exitCode).isEqualTo(1);
        assertThat(again.err).contains("already holds the identity of " + onion).contains("--force");
        assertThat(ServerIdentity.load(dir).onion().asString()).isEqualTo(onion);
    }

    @Test
    void initShouldReplaceAnIdentityWithForce() throws Exception {
        Path dir = temp.resolve("identity");
        CommandRun.of("init", dir.toString());
        SmtorpDomain before = ServerIdentity.load(dir).domain();

        CommandRun forced = CommandRun.of("init", "--force", dir.toString());

        assertThat(forced.exitCode).isZero();
        assertThat(ServerIdentity.load(dir).domain()).isNotEqualTo(before);
    }
}
