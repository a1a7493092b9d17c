"""Refusals the services raise; each carries the sentence shown to the person."""


class CommunityRefusal(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CourseNotComplete(CommunityRefusal):
    pass


class EmailRequired(CommunityRefusal):
    pass


class ShiftUnavailable(CommunityRefusal):
    pass


class NotEnoughPlaces(CommunityRefusal):
    def __init__(self, message: str, *, places_left: int):
        super().__init__(message)
        self.places_left = places_left


class AlreadySignedUp(CommunityRefusal):
    pass


class WaiverChanged(CommunityRefusal):
    pass


class OfferExpired(CommunityRefusal):
    pass


class DateUnavailable(CommunityRefusal):
    pass
