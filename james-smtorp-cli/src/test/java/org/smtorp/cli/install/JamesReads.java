/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.FileBasedConfiguration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.builder.FileBasedConfigurationBuilder;
import org.apache.commons.configuration2.builder.fluent.Parameters;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.FileConfigurationProvider;

/** A configuration file read as James 3.8.1 reads it at start: {@link FileConfigurationProvider#getConfig}. */
final class JamesReads {
    private JamesReads() {
    }

    static XMLConfiguration xml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return FileConfigurationProvider.getConfig(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigurationException e) {
            throw new AssertionError("James cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** XML text read as James reads a configuration file. */
    static XMLConfiguration xml(String text) {
        try (InputStream in = new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return FileConfigurationProvider.getConfig(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigurationException e) {
            throw new AssertionError("James cannot read the text: " + e.getMessage() + "\n" + text, e);
        }
    }

    /**
     * A {@code .properties} file of conf/ read as James 3.8.1's {@code PropertiesProvider} reads it:
     * commons-configuration's PropertiesConfiguration, its default encoding, ',' as list delimiter.
     */
    static FileBasedConfiguration properties(Path file) {
        try {
            return new FileBasedConfigurationBuilder<FileBasedConfiguration>(PropertiesConfiguration.class)
                .configure(new Parameters().fileBased()
                    .setListDelimiterHandler(new DefaultListDelimiterHandler(','))
                    .setFile(file.toFile()))
                .getConfiguration();
        } catch (ConfigurationException e) {
            throw new AssertionError("James cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The mailet classes of one processor, in order, as James's mailet container lists them. */
    static List<String> mailets(XMLConfiguration container, String state) {
        HierarchicalConfiguration<ImmutableNode> processor = container.configurationsAt("processors.processor").stream()
            .filter(candidate -> state.equals(candidate.getString("[@state]")))
            .findFirst().orElseThrow(() -> new AssertionError("no processor " + state));
        return processor.configurationsAt("mailet").stream().map(mailet -> mailet.getString("[@class]"))
            .collect(Collectors.toList());
    }
}
