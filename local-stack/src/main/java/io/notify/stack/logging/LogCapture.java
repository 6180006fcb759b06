package io.notify.stack.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log4j2 event while open (formatted message and full stack trace), with the
 * project's own loggers lowered to ALL so that debug lines are scanned too.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private static final String PROJECT_LOGGER = "io.notify";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Level projectLevel;

    public LogCapture() {
        super("corpus-log-capture", null, null, true, Property.EMPTY_ARRAY);
        start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig project = configuration.getLoggerConfig(PROJECT_LOGGER);
        projectLevel = project.getLevel();
        project.setLevel(Level.ALL);
        configuration.getRootLogger().addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringWriter line = new StringWriter();
        line.append(event.getLoggerName()).append(' ').append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            event.getThrown().printStackTrace(new PrintWriter(line));
        }
        lines.add(line.toString());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        configuration.getLoggerConfig(PROJECT_LOGGER).setLevel(projectLevel);
        context.updateLoggers();
        stop();
    }
}
