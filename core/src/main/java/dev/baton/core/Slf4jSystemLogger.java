package dev.baton.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/** The SPI hands plugins a JDK {@link System.Logger} (it may not depend on SLF4J); this routes it to SLF4J. */
final class Slf4jSystemLogger implements System.Logger {
    private final Logger delegate;

    Slf4jSystemLogger(String name) {
        this.delegate = LoggerFactory.getLogger(name);
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (level) {
            case ALL, TRACE -> delegate.isTraceEnabled();
            case DEBUG -> delegate.isDebugEnabled();
            case INFO -> delegate.isInfoEnabled();
            case WARNING -> delegate.isWarnEnabled();
            case ERROR -> delegate.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        emit(level, message, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        emit(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params), null);
    }

    @Override
    public void log(Level level, Supplier<String> message) {
        if (isLoggable(level)) {
            emit(level, message.get(), null);
        }
    }

    private void emit(Level level, String message, Throwable thrown) {
        switch (level) {
            case ALL, TRACE -> delegate.trace(message, thrown);
            case DEBUG -> delegate.debug(message, thrown);
            case INFO -> delegate.info(message, thrown);
            case WARNING -> delegate.warn(message, thrown);
            case ERROR -> delegate.error(message, thrown);
            case OFF -> { }
        }
    }
}
