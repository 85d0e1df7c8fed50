/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.io.File;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMailContext;
import org.smtorp.mailets.node.NodeSettings;

/** What the announce mailets need from James, for unit tests. */
final class TestMailets {
    private TestMailets() {
    }

    /** James's working directory. */
    static FileSystem workingDirectory(Path directory) {
        return new FileSystem() {
            @Override
            public InputStream getResource(String url) {
                throw new UnsupportedOperationException(url);
            }

            @Override
            public File getFile(String fileURL) {
                throw new UnsupportedOperationException(fileURL);
            }

            @Override
            public File getBasedir() {
                return directory.toFile();
            }
        };
    }

    /** The node's settings as smtorp.properties gives them, for an identity in {@code james/identity}. */
    static NodeSettings node(Path james) {
        return NodeSettings.of(james.resolve("identity"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 9050),
            james.resolve("pins"));
    }

    /** A mailet context whose local users are {@code users}; FakeMailContext knows none. */
    static MailetContext withLocalUsers(Set<String> users) {
        FakeMailContext fake = FakeMailContext.defaultContext();
        return (MailetContext) Proxy.newProxyInstance(TestMailets.class.getClassLoader(),
            new Class<?>[] {MailetContext.class}, (proxy, method, arguments) -> {
                if (method.getName().equals("isLocalEmail")) {
                    return users.contains(((MailAddress) arguments[0]).asString());
                }
                try {
                    return method.invoke(fake, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
