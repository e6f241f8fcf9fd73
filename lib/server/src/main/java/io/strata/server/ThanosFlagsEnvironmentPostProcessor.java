package io.strata.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Makes Thanos's flags work as given, before anything reads the environment:
 * <ul>
 *   <li>{@code --http-address=host:port} (default {@code 0.0.0.0:10902}) sets Spring's {@code server.address} and
 *       {@code server.port}; {@code --http-grace-period} (default 2m) the graceful shutdown timeout;
 *   <li>{@code --log.level=debug|info|warn|error} sets the root log level;
 *   <li>{@code --no-<flag>} (kingpin's negation) means {@code --<flag>=false};
 *   <li>defaults every service shares, at the lowest precedence so any flag or file overrides them: no banner, a
 *       reactive web server with graceful shutdown and gzip for JSON, virtual threads, key=value console logs.
 * </ul>
 */
public final class ThanosFlagsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  static final String DEFAULT_HTTP_ADDRESS = "0.0.0.0:10902";
  static final String DEFAULT_GRPC_ADDRESS = "0.0.0.0:10901";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("spring.main.banner-mode", "off");
    defaults.put("spring.main.web-application-type", "reactive");
    defaults.put("spring.threads.virtual.enabled", "true");
    defaults.put("server.shutdown", "graceful");
    defaults.put("server.compression.enabled", "true");
    defaults.put("server.compression.mime-types", "application/json,text/plain");
    defaults.put("logging.structured.format.console", LogfmtFormatter.class.getName());
    defaults.put("http-address", DEFAULT_HTTP_ADDRESS);
    defaults.put("grpc-address", DEFAULT_GRPC_ADDRESS);
    defaults.put("http-grace-period", "2m");
    defaults.put("grpc-grace-period", "2m");
    env.getPropertySources().addLast(new MapPropertySource("strataDefaults", defaults));

    Map<String, Object> mapped = new HashMap<>();
    for (PropertySource<?> source : env.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> e) {
        for (String name : e.getPropertyNames()) {
          if (name.startsWith("no-") && !env.containsProperty(name.substring(3))) {
            mapped.put(name.substring(3), "false");
          }
        }
      }
    }
    // An explicit server.port (a test's random port, a config file) wins over the Thanos default address.
    if (!env.containsProperty("server.port") || env.containsProperty("http-address")
        && !DEFAULT_HTTP_ADDRESS.equals(env.getProperty("http-address"))) {
      HostPort http = HostPort.parse(env.getProperty("http-address", DEFAULT_HTTP_ADDRESS));
      mapped.put("server.address", http.host());
      mapped.put("server.port", Integer.toString(http.port()));
    }
    mapped.put("spring.lifecycle.timeout-per-shutdown-phase", env.getProperty("http-grace-period", "2m"));
    String level = env.getProperty("log.level");
    if (level != null && !level.isEmpty()) {
      mapped.put("logging.level.root", level.toUpperCase(Locale.ROOT));
    }
    env.getPropertySources().addFirst(new MapPropertySource("thanosFlags", mapped));
  }

  @Override
  public int getOrder() {
    // After Spring's own processors (config files are loaded), before logging is initialised.
    return Ordered.LOWEST_PRECEDENCE;
  }
}
