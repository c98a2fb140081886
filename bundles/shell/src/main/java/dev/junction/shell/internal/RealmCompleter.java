package dev.junction.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.junction.api.admin.RealmView;
import dev.junction.api.admin.RouterAdmin;

/** Completes realm names. */
@Service
public class RealmCompleter implements Completer {
    @Reference
    RouterAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter(admin.realms().stream().map(RealmView::name).toList());
        return names.complete(session, commandLine, candidates);
    }
}
