package org.labctl.core.internal;

import java.util.Properties;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;

/** Tells the request's {@link AuditScope} that its transaction writes (every MyBatis insert, update and delete). */
@Intercepts(@Signature(type = Executor.class, method = "update", args = {MappedStatement.class, Object.class}))
final class WriteTracker implements Interceptor {

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        AuditScope.noteChange();
        return invocation.proceed();
    }

    @Override
    public void setProperties(Properties properties) {
        // nothing to configure
    }
}
