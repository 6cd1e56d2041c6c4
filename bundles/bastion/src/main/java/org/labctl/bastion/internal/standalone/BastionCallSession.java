package org.labctl.bastion.internal.standalone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.labctl.api.BastionCall;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.CreditWindow;
import org.labctl.api.session.Outbound;
import org.labctl.bastion.Bastion;

/**
 * A call to this standalone bastion, sent by labd in a {@code bastion} session's start frame: the
 * answer goes out as JSON on stdout within the client's window, then exit 0; a refusal is an error
 * frame with the bastion's failure. It runs on a thread of its own, so that a large answer waiting
 * for window credit holds up nothing else.
 */
final class BastionCallSession implements AgentSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYLOAD = 32 * 1024;

    private final UUID session;
    private final BastionCall call;
    private final Bastion bastion;
    private final Outbound out;
    private final CreditWindow window = new CreditWindow(ExecProtocol.INITIAL_WINDOW);
    private volatile boolean running;

    BastionCallSession(UUID session, BastionCall call, Bastion bastion, Outbound out) {
        this.session = session;
        this.call = call;
        this.bastion = bastion;
        this.out = out;
    }

    @Override
    public String toString() {
        return call.describe() + " for " + call.by();
    }

    @Override
    public void start() {
        byte[] answer;
        try {
            answer = answer(bastion, call.check());
        } catch (LabException e) {
            out.control(ExecFrame.error(session, e.failure(), e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            out.control(ExecFrame.error(session, Failure.INVALID_ARGUMENT, e.getMessage()));
            return;
        } catch (JsonProcessingException e) {
            out.control(ExecFrame.error(session, Failure.INTERNAL, "the bastion's answer could not be written: " + e.getOriginalMessage()));
            return;
        }
        running = true;
        out.control(ExecFrame.started(session, ProcessHandle.current().pid()));
        Thread sender = new Thread(() -> send(answer), "bastion-call-" + session.toString().substring(0, 8));
        sender.setDaemon(true);
        sender.start();
    }

    /** The bastion's answer to the call, as JSON. */
    static byte[] answer(Bastion bastion, BastionCall call) throws JsonProcessingException {
        String by = call.by() == null ? "labd" : call.by() + " through labd";
        Object answer = switch (call.op()) {
            case BastionCall.MACHINES -> bastion.machines();
            case BastionCall.PROVISION -> bastion.provision(call.mac(), call.provision(), by);
            case BastionCall.FORGET -> bastion.forget(call.mac(), by);
            case BastionCall.LOG -> bastion.log(call.mac(), call.lines(), call.after());
            default -> bastion.info();
        };
        return JSON.writeValueAsBytes(answer);
    }

    private void send(byte[] answer) {
        int code = 0;
        try {
            for (int offset = 0; offset < answer.length; ) {
                int allowed = window.take(MAX_PAYLOAD);
                if (allowed < 0) {
                    code = 130; // aborted
                    break;
                }
                int length = Math.min(allowed, answer.length - offset);
                window.giveBack(allowed - length);
                out.data(ExecProtocol.STDOUT, ByteBuffer.wrap(answer, offset, length));
                offset += length;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 130;
        } catch (RuntimeException e) {
            code = 1; // the connection broke: labd closes the session as lost
        } finally {
            running = false;
            try {
                out.control(ExecFrame.exit(session, code, null, false));
            } catch (RuntimeException e) {
                // the connection is gone
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void accept(ExecFrame frame) {
        if (ExecProtocol.WINDOW.equals(frame.type()) && frame.bytes() != null) {
            window.grant(frame.bytes());
        } else if (ExecProtocol.ABORT.equals(frame.type()) || ExecProtocol.SIGNAL.equals(frame.type())) {
            window.close();
        }
    }

    @Override
    public void accept(ExecData data) {
        // a call reads no input
    }

    @Override
    public void abort() {
        window.close();
    }
}
