// phone_shim.cc - the one C++ file: Google's libphonenumber finds phone numbers in a text and
// hands their byte ranges to C (include/reflect/deid_phone.h). Never throws, never prints.
#include <string>

#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

// The C side's declaration is in deid_int.h (not included: C headers stay C).
extern "C" int deid_phone_find(const char *text, size_t len, const char *region,
			       int (*found)(size_t s, size_t e, void *ctx), void *ctx);

using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" int deid_phone_find(const char *text, size_t len, const char *region,
			       int (*found)(size_t s, size_t e, void *ctx), void *ctx)
{
	try {
		const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
		std::string s(text, len);
		PhoneNumberMatcher m(util, s, region, PhoneNumberMatcher::POSSIBLE, 1 << 20);
		PhoneNumberMatch match;
		while (m.HasNext()) {
			if (!m.Next(&match))
				break;
			if (match.start() < 0 || match.length() <= 0 ||
			    (size_t)match.start() + (size_t)match.length() > len)
				continue;
			if (found((size_t)match.start(),
				  (size_t)match.start() + (size_t)match.length(), ctx) != 0)
				return 1;
		}
		return 0;
	} catch (...) {
		return -1;
	}
}
