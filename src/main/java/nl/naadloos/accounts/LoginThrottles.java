package nl.naadloos.accounts;

import org.springframework.data.repository.CrudRepository;

interface LoginThrottles extends CrudRepository<LoginThrottle, String> {

}
