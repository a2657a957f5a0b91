using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Sesame.Tests.Mfa;

/// <summary>Reads a QR code from a PNG image, as a phone's authenticator app reads it from the screen.</summary>
internal static class QrCodes
{
    public static string? Read(byte[] png)
    {
        using var image = Image.Load<Rgb24>(png);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGB24)));
        return new QRCodeReader().decode(bitmap)?.Text;
    }
}
