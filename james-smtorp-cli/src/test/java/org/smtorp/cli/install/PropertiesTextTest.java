/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesTextTest {
    @Test
    void setShouldReplaceAnActiveLineInPlace() {
        assertThat(PropertiesText.set("# mode\ntor.mode=managed\nx=1\n", Map.of("tor.mode", "attach")))
            .isEqualTo("# mode\ntor.mode=attach\nx=1\n");
    }

    @Test
    void setShouldUncommentTheShippedExample() {
        assertThat(PropertiesText.set("# attach\n#tor.control=127.0.0.1:9051\n", Map.of("tor.control", "127.0.0.1:1")))
            .isEqualTo("# attach\ntor.control=127.0.0.1:1\n");
    }

    @Test
    void setShouldAppendKeysTheFileDoesNotMention() {
        assertThat(PropertiesText.set("a=1\n", Map.of("b", "2"))).isEqualTo("a=1\nb=2\n");
    }

    @Test
    void setShouldKeepOneActiveLinePerKey() {
        assertThat(PropertiesText.set("#k=example\nk=old\n", Map.of("k", "new"))).isEqualTo("k=new\n");
    }

    @Test
    void setShouldNotConfuseAKeyWithALongerOne() {
        assertThat(PropertiesText.set("tor.control.password=x\n", Map.of("tor.control", "127.0.0.1:1")))
            .isEqualTo("tor.control.password=x\ntor.control=127.0.0.1:1\n");
    }

    @Test
    void setShouldEscapeBackslashes() {
        assertThat(PropertiesText.set("", Map.of("p", "a\\b"))).isEqualTo("p=a\\\\b\n");
    }

    @Test
    void setShouldWriteValuesThatJamesAndInstallReadBackUnchanged(@TempDir Path dir) throws IOException {
        String password = "pass,word\\x\nidentity.directory=/etc é€";
        Path file = dir.resolve("smtorp.properties");
        Files.writeString(file, PropertiesText.set("tor.mode=managed\n", Map.of("tor.control.password", password)));

        Properties installReads = new Properties();
        installReads.load(new StringReader(Files.readString(file)));

        assertThat(JamesReads.properties(file).getString("tor.control.password")).isEqualTo(password);
        assertThat(installReads.getProperty("tor.control.password")).isEqualTo(password);
        assertThat(installReads.getProperty("identity.directory")).isNull();
    }

    @Test
    void setShouldRefuseAKeyThatIsNotAPlainName() {
        assertThatThrownBy(() -> PropertiesText.set("", Map.of("a=b\nidentity.directory", "x")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a key of smtorp.properties");
    }
}
