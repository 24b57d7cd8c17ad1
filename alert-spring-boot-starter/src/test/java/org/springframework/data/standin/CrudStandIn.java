package org.springframework.data.standin;

/** A framework's generic repository interface, as Spring Data's {@code CrudRepository} is. */
public interface CrudStandIn<T> {

    T save(T entity);
}
