import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Liquibase CLI, one command after another in one JVM (each JVM start costs about two seconds, a warm
 * command about a tenth of that). Every command is a new LiquibaseCommandLine, as the CLI's own main makes
 * it: stdin takes a line of base64-encoded arguments, stdout answers "exit-code base64(stdout)
 * base64(stderr)" with what that command printed. Started by migration_harness.liquibase.cli_daemon.
 */
public class LiquibaseDaemon {
    /** An output stream whose destination changes per command: Liquibase's log handler keeps the System.err
     * it found when it was made, so the streams themselves must stay the same. */
    static final class Switch extends OutputStream {
        volatile ByteArrayOutputStream target = new ByteArrayOutputStream();
        @Override public void write(int b) { target.write(b); }
        @Override public void write(byte[] b, int off, int len) { target.write(b, off, len); }
        byte[] take() { byte[] bytes = target.toByteArray(); target = new ByteArrayOutputStream(); return bytes; }
    }

    public static void main(String[] ignored) throws Exception {
        PrintStream reply = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        Switch out = new Switch(), err = new Switch();
        PrintStream po = new PrintStream(out, true, "UTF-8"), pe = new PrintStream(err, true, "UTF-8");
        System.setOut(po);
        System.setErr(pe);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Base64.Decoder dec = Base64.getDecoder();
        Base64.Encoder enc = Base64.getEncoder();
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.isEmpty() ? new String[0] : line.split(" ");
            String[] args = new String[parts.length];
            for (int i = 0; i < parts.length; i++) args[i] = new String(dec.decode(parts[i]), StandardCharsets.UTF_8);
            int code;
            try {
                code = new liquibase.integration.commandline.LiquibaseCommandLine().execute(args);
            } catch (Throwable t) {
                t.printStackTrace(pe);
                code = 255;
            }
            po.flush();
            pe.flush();
            reply.println(code + " " + enc.encodeToString(out.take()) + " " + enc.encodeToString(err.take()));
        }
    }
}
