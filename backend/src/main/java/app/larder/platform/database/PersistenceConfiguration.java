package app.larder.platform.database;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** Repositories may be nested in the service that owns them, which keeps them out of other features' reach. */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(basePackages = "app.larder", considerNestedRepositories = true)
@EntityScan(basePackages = "app.larder")
class PersistenceConfiguration {
}
