/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.time.Clock;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XpowHandlerTest {
    @TempDir
    Path workingDirectory;

    private final SpentStampFiles files = new SpentStampFiles();

    private XpowHandler handler() {
        return new XpowHandler(TestFileSystem.at(workingDirectory), files, Clock.systemUTC(), new SecureRandom(),
            new RecordingMetricFactory(), (method, selector, domain) -> List.of());
    }

    private static BaseHierarchicalConfiguration handlerElements(String... keysAndValues) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            configuration.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return configuration;
    }

    @Test
    void initShouldOpenTheSpentStampStoreUnderJamesWorkingDirectory() throws Exception {
        handler().init(handlerElements("algorithm", "hashcash=24"));

        assertThat(workingDirectory.resolve("var/smtorp/hashcash-spent")).isRegularFile();
    }

    @Test
    void initShouldTakeAnAbsoluteStorePathAsItIs(@TempDir Path elsewhere) throws Exception {
        Path file = elsewhere.resolve("stamps");

        handler().init(handlerElements("algorithm", "hashcash=24", "spentStampStore", file.toAbsolutePath().toString()));

        assertThat(file).isRegularFile();
    }

    @Test
    void initShouldOpenNoStoreWhenHashcashIsOff() throws Exception {
        handler().init(handlerElements("algorithm", "hashcash=off"));

        assertThat(workingDirectory.resolve("var")).doesNotExist();
    }

    @Test
    void initShouldOpenNoStoreWithTheShippedDefaults() throws Exception {
        handler().init(handlerElements());

        assertThat(workingDirectory.resolve("var")).doesNotExist();
    }

    @Test
    void initShouldFailNamingTheStoreWhenItCanNotBeOpened() throws Exception {
        Files.writeString(workingDirectory.resolve("var"), "a file, not a directory");

        assertThatThrownBy(() -> handler().init(handlerElements("algorithm", "hashcash=24")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("XpowHandler: <spentStampStore> " + workingDirectory.resolve("var/smtorp/hashcash-spent")
                + " can not be opened");
    }

    @Test
    void handlersShouldShareTheStoreOfOneFile() throws Exception {
        Path file = workingDirectory.resolve("stamps");

        assertThat(files.open(file, Clock.systemUTC())).isSameAs(files.open(workingDirectory.resolve("./stamps"),
            Clock.systemUTC()));
    }

    @Test
    void handlerShouldImplementXpowAndGuardData() {
        assertThat(handler().getImplCommands()).containsExactlyInAnyOrder("XPOW", "DATA");
    }

    @Test
    void onCommandShouldAnswerXpowAndPassPayableDataOn() throws Exception {
        XpowHandler handler = handler();
        handler.init(handlerElements());
        SMTPSession session = TestSessions.underTls();

        assertThat(handler.onCommand(session, new BaseRequest("XPOW", "sha256 1 AAAA")).getRetCode()).isEqualTo("503");
        assertThat(handler.onCommand(session, new BaseRequest("DATA", null))).isNull();
    }

    @Test
    void handlerShouldRefuseUseBeforeInit() {
        assertThatThrownBy(() -> handler().getImplementedEsmtpFeatures(TestSessions.underTls()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("before init");
    }
}
