using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// Runs an ASP.NET Core request pipeline on the listeners' own <c>KestrelServer</c>, as a web host would: the one server
/// keeps serving the remoting port (connection middleware) beside HTTP, and the process needs no web host.
/// </summary>
internal sealed class PipelineApplication(RequestDelegate pipeline, IServiceProvider services) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures) { RequestServices = services };

    public Task ProcessRequestAsync(HttpContext context) => pipeline(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
