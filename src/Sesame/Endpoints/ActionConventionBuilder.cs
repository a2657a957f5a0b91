using Microsoft.AspNetCore.Builder;

namespace Sesame.Endpoints;

/// <summary>The conventions of one action, applied to each of its routes (<c>/signin</c> and <c>/signin/{provider}</c>).</summary>
internal sealed class ActionConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> routes) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var route in routes)
        {
            route.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var route in routes)
        {
            route.Finally(finallyConvention);
        }
    }
}
