/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.smtorp.lab.james.JamesDistribution;

/** What a user copies into James's {@code extensions-jars/}: our jars and only what James lacks. */
class DropInSetIT {
    private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-(\\d[^-]*(-SNAPSHOT)?)\\.jar");
    private static final Set<String> OURS = Set.of(
        "james-smtorp-protocol", "james-smtorp-mailets", "james-smtorp-extension");
    // Third-party jars we ship, each with its licence checked against Apache-2.0 compatibility.
    private static final Map<String, String> REVIEWED_THIRD_PARTY = Map.of(
        "jtorctl", "BSD-3-Clause (The Tor Project, Briar's fork)",
        "core", "Apache-2.0 (zxing QR codes)");

    @Test
    void dropInSetShouldHoldOurJars() throws IOException {
        assertThat(artifacts(IntegrationEnvironment.extensionsJars())).containsAll(OURS);
    }

    @Test
    void dropInSetShouldNotRepeatAJarJamesAlreadyShips() throws IOException {
        Set<String> james = JamesDistribution.memoryServer().classPath().stream()
            .map(DropInSetIT::artifact)
            .collect(Collectors.toSet());

        assertThat(artifacts(IntegrationEnvironment.extensionsJars())).doesNotContainAnyElementsOf(james);
    }

    @Test
    void everyThirdPartyJarShouldHaveAReviewedLicence() throws IOException {
        Set<String> thirdParty = artifacts(IntegrationEnvironment.extensionsJars()).stream()
            .filter(artifact -> !OURS.contains(artifact))
            .collect(Collectors.toSet());

        assertThat(REVIEWED_THIRD_PARTY.keySet()).containsAll(thirdParty);
    }

    private static Set<String> artifacts(Path folder) throws IOException {
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.map(DropInSetIT::artifact).collect(Collectors.toSet());
        }
    }

    private static String artifact(Path jar) {
        String name = jar.getFileName().toString();
        Matcher matcher = VERSIONED_JAR.matcher(name);
        return matcher.matches() ? matcher.group(1) : name;
    }
}
