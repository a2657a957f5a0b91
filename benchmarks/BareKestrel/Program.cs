// A bare Kestrel app: one endpoint answering a constant small JSON body. Run with
//   dotnet benchmarks/BareKestrel/bin/Release/net10.0/BareKestrel.dll --urls http://127.0.0.1:5100
// The body is preallocated UTF-8 so the endpoint measures the host, not a serializer.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var body = """{"status":"ok"}"""u8.ToArray();
app.MapGet("/", (HttpContext context) =>
{
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
});

app.Run();
