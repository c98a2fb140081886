package dev.junction.metrics.internal;

/** The Prometheus text of every meter right now; a service private to this bundle, for the HTTP endpoint. */
public interface Scraper {
    /** The Prometheus text format's content type. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    String scrape();
}
