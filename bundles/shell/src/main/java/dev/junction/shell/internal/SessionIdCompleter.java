package dev.junction.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.junction.api.admin.RouterAdmin;

/** Completes the ids of joined sessions, of every realm. */
@Service
public class SessionIdCompleter implements Completer {
    @Reference
    RouterAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter(admin.sessions(null).stream().map(s -> String.valueOf(s.id()))
                .toList());
        return ids.complete(session, commandLine, candidates);
    }
}
