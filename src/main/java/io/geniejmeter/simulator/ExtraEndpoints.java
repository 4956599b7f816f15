package io.geniejmeter.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * The non-Genie endpoints: workspace host metadata ({@code /.well-known/databricks-config}), which the SDK reads when
 * a client is created.
 */
final class ExtraEndpoints implements SimulatorHttp.ExtraApis {

    private final GenieEngine engine;

    ExtraEndpoints(GenieEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean handle(HttpExchange ex, String method, String path, SimulatorHttp http) throws IOException {
        if (path.equals("/.well-known/databricks-config") && method.equals("GET")) {
            String host = "http://" + ex.getRequestHeaders().getFirst("Host");
            SimulatorHttp.send(ex, 200, GenieJson.render(g -> {
                g.writeStartObject();
                g.writeStringField("oidc_endpoint", host + "/oidc");
                g.writeStringField("workspace_id", "1234567890123456");
                g.writeStringField("cloud", "aws");
                g.writeEndObject();
            }));
            return true;
        }
        return false;
    }

    GenieEngine engine() {
        return engine;
    }
}
