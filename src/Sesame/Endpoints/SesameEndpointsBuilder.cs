using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Sesame.Endpoints;

/// <summary>
/// What <c>app.MapSesame()</c> returns: conventions added to it apply to every Sesame endpoint; the per-action
/// properties apply them to one action only (rate-limit <c>/callback</c> without throttling <c>/session</c> polling,
/// CORS or an output-cache policy on one action).
/// </summary>
public sealed class SesameEndpointsBuilder : IEndpointConventionBuilder
{
    private readonly RouteGroupBuilder _group;

    internal SesameEndpointsBuilder(RouteGroupBuilder group, IReadOnlyDictionary<string, IEndpointConventionBuilder> actions)
    {
        _group = group;
        Csrf = actions["csrf"];
        Providers = actions["providers"];
        Session = actions["session"];
        SignIn = actions["signin"];
        Callback = actions["callback"];
        SignOut = actions["signout"];
        Error = actions["error"];
        VerifyRequest = actions["verify-request"];
        Log = actions["_log"];
    }

    /// <summary><c>GET /csrf</c>.</summary>
    public IEndpointConventionBuilder Csrf { get; }

    /// <summary><c>GET /providers</c>.</summary>
    public IEndpointConventionBuilder Providers { get; }

    /// <summary><c>GET /session</c> (read, polled by clients) and <c>POST /session</c> (update).</summary>
    public IEndpointConventionBuilder Session { get; }

    /// <summary><c>GET /signin</c> (the page) and <c>POST /signin/{provider}</c> (start a provider's sign-in).</summary>
    public IEndpointConventionBuilder SignIn { get; }

    /// <summary><c>GET|POST /callback/{provider}</c> (complete a sign-in: credentials, e-mail links).</summary>
    public IEndpointConventionBuilder Callback { get; }

    /// <summary><c>GET /signout</c> (the page) and <c>POST /signout</c>.</summary>
    public IEndpointConventionBuilder SignOut { get; }

    /// <summary><c>GET /error</c>.</summary>
    public IEndpointConventionBuilder Error { get; }

    /// <summary><c>GET /verify-request</c>.</summary>
    public IEndpointConventionBuilder VerifyRequest { get; }

    /// <summary><c>POST /_log</c> (the browser client's logger).</summary>
    public IEndpointConventionBuilder Log { get; }

    /// <inheritdoc />
    public void Add(Action<EndpointBuilder> convention) => ((IEndpointConventionBuilder)_group).Add(convention);

    /// <inheritdoc />
    public void Finally(Action<EndpointBuilder> finallyConvention) => ((IEndpointConventionBuilder)_group).Finally(finallyConvention);
}
