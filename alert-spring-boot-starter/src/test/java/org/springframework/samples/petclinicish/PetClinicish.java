package org.springframework.samples.petclinicish;

import dev.erroralert.spring.AlertOnError;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.standin.CrudStandIn;
import org.springframework.data.standin.SimpleRepositoryStandIn;

/**
 * An application whose code lives under {@code org.springframework}, as Spring PetClinic's does, with no in-app
 * packages configured: an annotated service, and a repository that is an interface proxy over a framework class.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PetClinicish {

    /** The application's repository interface. */
    @AlertOnError
    public interface OwnerRepository extends CrudStandIn<String> {
    }

    /** Validates owners, deep in the application's own code. */
    public static class OwnerValidator {
        void validate(String owner) {
            throw new IllegalArgumentException("owner " + owner + " has no telephone");
        }
    }

    @AlertOnError
    public static class OwnerService {
        private final OwnerValidator validator;

        public OwnerService(OwnerValidator validator) {
            this.validator = validator;
        }

        public void register(String owner) {
            validator.validate(owner);
        }
    }

    @Bean
    OwnerValidator ownerValidator() {
        return new OwnerValidator();
    }

    @Bean
    OwnerService ownerService(OwnerValidator validator) {
        return new OwnerService(validator);
    }

    /** Made as Spring Data makes a repository: a JDK proxy of the interface over the framework's implementation. */
    @Bean
    OwnerRepository ownerRepository() {
        ProxyFactory factory = new ProxyFactory(new SimpleRepositoryStandIn<String>());
        factory.addInterface(OwnerRepository.class);
        return (OwnerRepository) factory.getProxy();
    }
}
