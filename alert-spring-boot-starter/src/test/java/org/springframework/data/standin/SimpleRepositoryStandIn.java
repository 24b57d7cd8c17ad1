package org.springframework.data.standin;

/**
 * The framework class behind every repository, as Spring Data's {@code SimpleJpaRepository} is (Spring Data is not
 * available offline here): its name says nothing about which repository failed.
 */
public class SimpleRepositoryStandIn<T> implements CrudStandIn<T> {

    @Override
    public T save(T entity) {
        throw new IllegalStateException("duplicate key value violates unique constraint \"owners_pkey\"");
    }
}
