namespace Sesame.Jwt;

/// <summary>What decides until when a payload is valid: its earliest <c>exp</c> and latest <c>nbf</c> (infinite when absent).</summary>
internal readonly record struct PayloadTimes(double EarliestExpiry, double LatestNotBefore);
