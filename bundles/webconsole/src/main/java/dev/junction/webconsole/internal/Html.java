package dev.junction.webconsole.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The page's HTML: escaped text in tables styled as the console's own ({@code tablesorter nicetable}). */
final class Html {
    private Html() {
    }

    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** One titled table; cells are escaped, except a last cell given as HTML. */
    static final class Table {
        private final String id;
        private final String title;
        private final String[] columns;
        private final List<String> rows = new ArrayList<>();

        Table(String id, String title, String... columns) {
            this.id = id;
            this.title = title;
            this.columns = columns;
        }

        void row(Object... cells) {
            rowWithRawLast(List.of(), null, cells);
        }

        void rowWithRawLast(List<Object> cells, String rawLast) {
            rowWithRawLast(cells, rawLast, new Object[0]);
        }

        private void rowWithRawLast(List<Object> list, String rawLast, Object[] cells) {
            StringBuilder b = new StringBuilder("<tr>");
            List<Object> all = new ArrayList<>(list);
            for (Object c : cells) {
                all.add(c);
            }
            for (Object c : all) {
                b.append("<td>").append(escape(c)).append("</td>");
            }
            if (rawLast != null) {
                b.append("<td>").append(rawLast).append("</td>");
            }
            rows.add(b.append("</tr>").toString());
        }

        void print(PrintWriter out) {
            out.println("<p class='statline'>" + escape(title) + ": " + rows.size() + "</p>");
            out.println("<table id='" + id + "' class='tablesorter nicetable'><thead><tr>");
            for (String c : columns) {
                out.print("<th>" + escape(c) + "</th>");
            }
            out.println("</tr></thead><tbody>");
            rows.forEach(out::println);
            out.println("</tbody></table><br>");
        }
    }
}
