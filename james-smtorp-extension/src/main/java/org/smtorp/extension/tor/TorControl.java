/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OnionServiceKey;

import net.freehaven.tor.control.EventHandler;
import net.freehaven.tor.control.TorControlException;

/**
 * An authenticated connection to a tor control port (jtorctl) with the few commands
 * SMTorP needs. Services added here live as long as this connection: when it drops, tor
 * removes them, and whoever reconnects adds them again.
 *
 * <p>Every command waits at most {@link #REPLY_TIMEOUT} for tor's reply. jtorctl itself waits
 * for ever when tor exits just as a command is sent (its reader thread, gone with the
 * connection, was the only one to hand out replies): seen when a terminal's Ctrl-C reached
 * James and its managed tor together, James's stop then hung in {@code DEL_ONION} until it
 * was killed.
 */
public final class TorControl implements AutoCloseable {
    /** Tor answers a control command at once; no answer within this time means it is gone or going. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern PROGRESS = Pattern.compile("PROGRESS=(\\d+)");

    private final Socket socket;
    private final CommandLineConnection connection;
    private final Thread reader;
    private final ReplyDeadlines deadlines;

    private TorControl(Socket socket, CommandLineConnection connection, Thread reader, ReplyDeadlines deadlines) {
        this.socket = socket;
        this.connection = connection;
        this.reader = reader;
        this.deadlines = deadlines;
    }

    public static TorControl connect(InetSocketAddress address, ControlAuthentication authentication,
                                     EventHandler events, Duration timeout) throws IOException {
        return connect(address, authentication, events, timeout, REPLY_TIMEOUT);
    }

    /** As {@link #connect(InetSocketAddress, ControlAuthentication, EventHandler, Duration)}, with a reply timeout. */
    public static TorControl connect(InetSocketAddress address, ControlAuthentication authentication,
                                     EventHandler events, Duration timeout, Duration replyTimeout)
        throws IOException {
        Socket socket = new Socket();
        ReplyDeadlines deadlines = new ReplyDeadlines(replyTimeout);
        try {
            socket.connect(address, Math.toIntExact(timeout.toMillis()));
            CommandLineConnection connection = new CommandLineConnection(socket);
            connection.setEventHandler(events);
            Thread reader = connection.launchThread(true);
            byte[] secret = authentication.secret();
            deadlines.await("AUTHENTICATE", () -> {
                connection.authenticate(secret);
                return null;
            });
            return new TorControl(socket, connection, reader, deadlines);
        } catch (IOException | RuntimeException e) {
            deadlines.close();
            socket.close();
            throw e;
        }
    }

    /** Tor's bootstrap progress in percent, from {@code GETINFO status/bootstrap-phase}. */
    public int bootstrapProgress() throws IOException {
        Matcher matcher = PROGRESS.matcher(deadlines.await("GETINFO status/bootstrap-phase",
            () -> connection.getInfo("status/bootstrap-phase")));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    public void subscribe(List<String> events) throws IOException {
        deadlines.await("SETEVENTS", () -> {
            connection.setEvents(events);
            return null;
        });
    }

    /**
     * {@code ADD_ONION} with our own key and tor's defences for the service; then checks that tor
     * lists our onion among this connection's services ({@code GETINFO onions/current}).
     */
    public OnionAddress addOnion(OnionServiceKey key, int virtualPort, InetSocketAddress target,
                                 OnionServiceDefenses defenses) throws IOException {
        List<String> flags = defenses.addOnionFlags();
        String command = "ADD_ONION " + key.addOnionKey()
            + (flags.isEmpty() ? "" : " Flags=" + String.join(",", flags))
            + " " + String.join(" ", defenses.addOnionArguments())
            + " Port=" + virtualPort + "," + target.getHostString() + ":" + target.getPort();
        try {
            deadlines.await("ADD_ONION", () -> {
                connection.send(command);
                return null;
            });
        } catch (TorControlException e) {
            throw new IOException("tor refused ADD_ONION (" + defenses + "): " + e.getMessage()
                + (defenses.hasProofOfWork() ? "; a tor without the proof-of-work module (tor --list-modules:"
                    + " pow: no, or older than 0.4.8) refuses it, see onion.pow.enabled" : ""), e);
        }
        String current = deadlines.await("GETINFO onions/current", () -> connection.getInfo("onions/current"));
        if (!Arrays.asList(current.split("\\s+")).contains(key.onion().serviceId())) {
            throw new IOException("tor accepted ADD_ONION but does not list " + key.onion() + " among its onions");
        }
        return key.onion();
    }

    public void delOnion(OnionAddress onion) throws IOException {
        deadlines.await("DEL_ONION", () -> {
            connection.delOnion(onion.serviceId());
            return null;
        });
    }

    /** Waits until the connection ends (tor closed it, or it died) or the thread is interrupted. */
    public void awaitClosed() throws InterruptedException {
        reader.join();
    }

    public boolean isOpen() {
        return reader.isAlive();
    }

    @Override
    public void close() {
        deadlines.close();
        try {
            socket.close();
        } catch (IOException e) {
            // Closed either way.
        }
    }

    /** A command sent to tor; the reply it returns, if any. */
    @FunctionalInterface
    private interface Command<T> {
        T send() throws IOException;
    }

    /**
     * Interrupts a thread that waits for a reply longer than the timeout: jtorctl's wait then
     * ends with an {@link IOException}, which we replace by one that names the command.
     */
    private static final class ReplyDeadlines implements AutoCloseable {
        private final Duration timeout;
        private final ScheduledThreadPoolExecutor timer;

        ReplyDeadlines(Duration timeout) {
            this.timeout = timeout;
            this.timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "smtorp-tor-control-deadline");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
        }

        <T> T await(String command, Command<T> call) throws IOException {
            ScheduledFuture<?> expiry;
            Thread waiting = Thread.currentThread();
            // Set before the interrupt: the wait may end before the timer's task counts as done.
            AtomicBoolean fired = new AtomicBoolean();
            try {
                expiry = timer.schedule(() -> {
                    fired.set(true);
                    waiting.interrupt();
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                throw new IOException("the tor control connection is closed; " + command + " not sent", e);
            }
            try {
                return call.send();
            } catch (IOException e) {
                if (fired.get()) {
                    throw new IOException("tor did not answer " + command + " within " + timeout.toMillis()
                        + " ms (it is exiting, or the control connection is gone)", e);
                }
                throw e;
            } finally {
                if (!expiry.cancel(false)) {
                    // Our interrupt came (or is coming): once it has, clear it; it was never the caller's.
                    while (!expiry.isDone()) {
                        Thread.onSpinWait();
                    }
                    Thread.interrupted();
                }
            }
        }

        // Deadlines already set still fire: a command waiting in another thread when the connection closes
        // (the onion service's worker closes it when tor exits, as James's stop sends DEL_ONION) still ends.
        @Override
        public void close() {
            timer.shutdown();
        }
    }
}
